CREATE TABLE public.keep (id integer PRIMARY KEY);
CREATE TABLE public.old_stuff (id integer PRIMARY KEY, note text NOT NULL DEFAULT 'x', CHECK (length(note) < 50));
CREATE INDEX old_stuff_note_idx ON public.old_stuff (note);
COMMENT ON TABLE public.old_stuff IS 'going away';
COMMENT ON COLUMN public.old_stuff.note IS 'a note';
