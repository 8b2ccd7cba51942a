CREATE TABLE public.t (id integer PRIMARY KEY, price numeric CONSTRAINT price_positive CHECK (price >= 0), qty integer,
    CONSTRAINT qty_range CHECK (qty BETWEEN 0 AND 100) NOT VALID);
