CREATE TABLE public.t (id integer PRIMARY KEY, status text DEFAULT 'open', n integer DEFAULT 42, created timestamp);
