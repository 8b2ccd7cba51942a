CREATE TABLE public.cache (k text PRIMARY KEY, v text);
