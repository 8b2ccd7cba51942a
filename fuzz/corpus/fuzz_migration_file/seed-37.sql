CREATE TABLE public.sales (id integer PRIMARY KEY, region text, amount numeric);
CREATE MATERIALIZED VIEW public.region_totals AS SELECT region, sum(amount) AS total, count(*) AS n FROM public.sales GROUP BY region;
CREATE UNIQUE INDEX region_totals_region_idx ON public.region_totals (region);
COMMENT ON MATERIALIZED VIEW public.region_totals IS 'totals per region';
