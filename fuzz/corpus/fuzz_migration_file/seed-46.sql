CREATE TYPE public.status AS ENUM ('draft', 'published', 'archived', 'deleted');
CREATE TABLE public.post (id integer PRIMARY KEY, status public.status NOT NULL DEFAULT 'draft');
CREATE INDEX post_status_idx ON public.post (status);
