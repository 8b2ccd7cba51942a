CREATE DOMAIN public.positive_int AS integer CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN public.old_domain AS text;
CREATE TABLE public.t (id integer PRIMARY KEY, qty public.positive_int);
