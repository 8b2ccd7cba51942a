CREATE TABLE public.orders (id integer PRIMARY KEY, amount bigint NOT NULL DEFAULT 0, note text);
CREATE VIEW public.big_orders AS SELECT id, amount FROM public.orders WHERE amount > 100;
CREATE VIEW public.big_order_count AS SELECT count(*) AS n, sum(amount) AS total FROM public.big_orders;
CREATE MATERIALIZED VIEW public.order_notes AS SELECT id, note FROM public.orders;
CREATE INDEX order_notes_note_idx ON public.order_notes (note);
CREATE VIEW public.unrelated AS SELECT 1 AS one;
