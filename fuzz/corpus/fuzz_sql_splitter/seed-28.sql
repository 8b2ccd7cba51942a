CREATE TABLE public.t (id integer PRIMARY KEY, w numeric, h numeric, area numeric GENERATED ALWAYS AS (w * h) STORED);
