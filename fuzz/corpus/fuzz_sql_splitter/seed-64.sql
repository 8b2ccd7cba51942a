CREATE TABLE public.t (id integer PRIMARY KEY, v integer);
CREATE FUNCTION public.check_v() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_check BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.check_v();
CREATE TRIGGER t_off AFTER UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.check_v();
