CREATE UNLOGGED TABLE public.cache (k text PRIMARY KEY, v text);
CREATE TYPE public.level AS ENUM ('low', 'high');
CREATE TABLE public.alert (id integer PRIMARY KEY, level public.level NOT NULL DEFAULT 'low');
