CREATE TABLE public.keep (id integer PRIMARY KEY);
CREATE TABLE public.users (
    id bigint NOT NULL,
    email character varying(200) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    score numeric(10,2) DEFAULT 0,
    tags text[],
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_created_idx ON public.users (created_at DESC);
