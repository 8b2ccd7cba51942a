CREATE TABLE public.sales (id integer PRIMARY KEY, region text, amount numeric);
CREATE MATERIALIZED VIEW public.old_totals AS SELECT region, sum(amount) AS total FROM public.sales GROUP BY region;
