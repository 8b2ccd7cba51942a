CREATE TABLE public.t (id integer PRIMARY KEY, a integer, b integer);
CREATE VIEW public.v1 AS SELECT id, a, b FROM public.t WHERE b IS NOT NULL;
CREATE VIEW public.v2 AS SELECT id FROM public.v1 WHERE a > 0;
CREATE VIEW public.fresh AS SELECT v1.id, t.b FROM public.v1 JOIN public.t USING (id);
