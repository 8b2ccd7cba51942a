CREATE TABLE public.log (msg text);
CREATE PROCEDURE public.write_log(m text) LANGUAGE sql AS $$ INSERT INTO public.log VALUES (upper(m)) $$;
CREATE PROCEDURE public.clear_log() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM public.log; END $$;
