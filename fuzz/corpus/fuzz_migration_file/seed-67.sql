CREATE TABLE public.t (id bigint PRIMARY KEY, small integer, title varchar(50), price numeric(10,2), code varchar(8));
