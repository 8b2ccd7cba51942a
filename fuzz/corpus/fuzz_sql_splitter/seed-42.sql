CREATE TABLE public.t (id integer PRIMARY KEY, name text, code varchar(10) COLLATE "C");
CREATE INDEX t_name_idx ON public.t (name);
