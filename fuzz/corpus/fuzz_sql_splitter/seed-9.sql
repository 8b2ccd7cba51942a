CREATE TABLE public.t (id integer PRIMARY KEY, name text, added_at date DEFAULT CURRENT_DATE NOT NULL, flags boolean[]);
