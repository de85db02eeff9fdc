-- PostgreSQL twin of ../082_club_requests.sql (the same table: fans asking
-- for a club in their city, one row a fan and city key).
CREATE TABLE club_requests (
    user_id    BIGINT NOT NULL REFERENCES users(id),
    city_key   TEXT   NOT NULL,
    city       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, city_key)
);
CREATE INDEX club_requests_city ON club_requests(city_key);
