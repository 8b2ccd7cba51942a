CREATE TABLE public.t (id integer PRIMARY KEY, name text, legacy integer DEFAULT 7 NOT NULL);
