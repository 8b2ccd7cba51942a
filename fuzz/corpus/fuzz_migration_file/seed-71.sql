CREATE FUNCTION public.new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
CREATE FUNCTION public.valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(c) = 32 $$;
CREATE TABLE public.t (id integer PRIMARY KEY, code text DEFAULT public.new_code() CONSTRAINT code_ok CHECK (public.valid_code(code)));
