CREATE TYPE public.address AS (street text, city text);
CREATE TYPE public.gone AS (a integer);
