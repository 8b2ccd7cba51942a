CREATE TABLE public.t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE TRIGGER t_touch_stmt AFTER DELETE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION public.touch();
