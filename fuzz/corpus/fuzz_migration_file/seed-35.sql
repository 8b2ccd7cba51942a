CREATE TABLE public.items (id serial PRIMARY KEY, code integer);
CREATE SEQUENCE public.code_seq AS integer START WITH 100 INCREMENT BY 5 MINVALUE 100 MAXVALUE 100000 CACHE 10 CYCLE;
ALTER TABLE public.items ALTER COLUMN code SET DEFAULT nextval('public.code_seq');
ALTER SEQUENCE public.code_seq OWNED BY public.items.code;
CREATE SEQUENCE public.free_seq INCREMENT BY 2;
CREATE TABLE public.fresh (id smallserial PRIMARY KEY);
