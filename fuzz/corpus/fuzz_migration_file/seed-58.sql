CREATE TABLE public.t (id integer PRIMARY KEY, a integer, b integer);
CREATE VIEW public.v1 AS SELECT id, a FROM public.t;
CREATE VIEW public.v2 AS SELECT id FROM public.v1 WHERE a > 0;
CREATE VIEW public.gone AS SELECT b FROM public.t;
