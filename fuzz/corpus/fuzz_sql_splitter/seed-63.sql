CREATE TABLE public.city (id integer PRIMARY KEY, name text);
