CREATE TYPE public.address AS (street text, city varchar(100), zip text);
CREATE TYPE public.money_amount AS (amount numeric(12,2), currency char(3));
CREATE TABLE public.shop (id integer PRIMARY KEY, addr public.address, price public.money_amount);
