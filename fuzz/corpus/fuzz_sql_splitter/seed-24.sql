CREATE TABLE public.t (id integer PRIMARY KEY, updated_at timestamptz);
