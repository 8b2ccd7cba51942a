CREATE DOMAIN public.positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 1000);
CREATE DOMAIN public.email AS text COLLATE "C" CHECK (VALUE ~ '@');
CREATE TABLE public.t (id integer PRIMARY KEY, qty public.positive_int, contact public.email);
