CREATE TABLE public.people (id integer PRIMARY KEY, email text, name text, deleted boolean DEFAULT false);
CREATE INDEX people_name_idx ON public.people (name);
