CREATE TABLE public.a (id integer NOT NULL, name text);
CREATE TABLE public.b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
