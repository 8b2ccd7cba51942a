CREATE TABLE public.t (id integer, a text NOT NULL, b text);
