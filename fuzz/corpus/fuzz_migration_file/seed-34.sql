CREATE TABLE public.items (id serial PRIMARY KEY, code integer);
CREATE SEQUENCE public.free_seq;
CREATE TABLE public.gone (id bigserial PRIMARY KEY);
