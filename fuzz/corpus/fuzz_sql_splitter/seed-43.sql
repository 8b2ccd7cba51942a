CREATE TABLE public.t (id integer PRIMARY KEY, name text COLLATE "C", code varchar(10) COLLATE "POSIX");
CREATE INDEX t_name_idx ON public.t (name);
