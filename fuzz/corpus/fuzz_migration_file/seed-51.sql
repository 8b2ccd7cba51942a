CREATE TABLE public.plain (id integer PRIMARY KEY);
CREATE TABLE public.measure (region text NOT NULL, id integer NOT NULL, v numeric) PARTITION BY LIST (region);
CREATE TABLE public.measure_eu PARTITION OF public.measure FOR VALUES IN ('de', 'fr') PARTITION BY HASH (id);
CREATE TABLE public.measure_eu_0 PARTITION OF public.measure_eu FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.measure_eu_1 PARTITION OF public.measure_eu FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE public.measure_us PARTITION OF public.measure FOR VALUES IN ('us');
ALTER TABLE public.measure_us ADD CONSTRAINT measure_us_v_check CHECK (v > 0);
CREATE INDEX measure_id_idx ON public.measure (id);
