CREATE TABLE public.parent (id integer NOT NULL, code text NOT NULL, CONSTRAINT parent_pkey PRIMARY KEY (id));
CREATE TABLE public.child (id integer PRIMARY KEY, parent_id integer CONSTRAINT child_parent_fk REFERENCES public.parent (id));
