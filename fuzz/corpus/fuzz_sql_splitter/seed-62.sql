CREATE TABLE public.country (code char(2) PRIMARY KEY);
CREATE TABLE public.city (id integer PRIMARY KEY, name text, country char(2) REFERENCES public.country (code) ON DELETE CASCADE);
CREATE TABLE public.sister (a integer REFERENCES public.city (id), b integer REFERENCES public.city (id));
