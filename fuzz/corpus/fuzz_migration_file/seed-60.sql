CREATE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.label(x integer) RETURNS text LANGUAGE sql AS 'SELECT x::text';
CREATE FUNCTION public.gone() RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
