CREATE EXTENSION citext WITH SCHEMA public;
CREATE EXTENSION btree_gist WITH SCHEMA public;
CREATE TABLE public.t (id integer PRIMARY KEY, email public.citext, slot integer, during tsrange,
    CONSTRAINT t_slot_excl EXCLUDE USING gist (slot WITH =, during WITH &&));
