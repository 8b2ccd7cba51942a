CREATE TABLE public.log (msg text);
CREATE PROCEDURE public.write_log(m text) LANGUAGE sql AS $$ INSERT INTO public.log VALUES (m) $$;
