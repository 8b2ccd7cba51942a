CREATE TABLE public.t (id integer PRIMARY KEY, small smallint, title varchar(200), price numeric(12,4), code text);
