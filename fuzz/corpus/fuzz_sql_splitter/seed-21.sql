CREATE TABLE public.booking (id integer PRIMARY KEY, room integer NOT NULL, during tsrange NOT NULL,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room > 0));
