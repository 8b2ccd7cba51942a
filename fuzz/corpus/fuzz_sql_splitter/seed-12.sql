CREATE TABLE public.t (id integer PRIMARY KEY, status text DEFAULT 'new', n integer, created timestamp DEFAULT now());
