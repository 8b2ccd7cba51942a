CREATE TABLE public.people (id integer PRIMARY KEY, email text, name text, deleted boolean DEFAULT false);
CREATE INDEX people_name_idx ON public.people (name) WHERE NOT deleted;
CREATE UNIQUE INDEX people_lower_email_idx ON public.people (lower(email));
CREATE INDEX people_hash_idx ON public.people USING hash (email);
CREATE INDEX people_name_include_idx ON public.people (name) INCLUDE (email);
