CREATE TABLE public.t (id integer NOT NULL, a text, b text NOT NULL);
