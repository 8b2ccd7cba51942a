CREATE TABLE public.t (id integer PRIMARY KEY, price numeric CONSTRAINT price_positive CHECK (price > 0), qty integer,
    CONSTRAINT qty_small CHECK (qty < 10));
