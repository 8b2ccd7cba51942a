CREATE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a + b + 0';
CREATE FUNCTION public.add(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.label(x integer) RETURNS varchar LANGUAGE sql AS 'SELECT x::varchar';
CREATE FUNCTION public.counter(OUT n integer, INOUT m integer DEFAULT 3) RETURNS record LANGUAGE sql SECURITY DEFINER SET search_path = public AS 'SELECT 1, m';
