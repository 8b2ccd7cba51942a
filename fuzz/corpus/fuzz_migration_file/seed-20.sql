CREATE TABLE public.booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL);
