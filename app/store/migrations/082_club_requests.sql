-- Fans asking for a club in their city (people.CanAskForClub): one row a
-- fan and city, the city as typed and its key (people.CityKey, as
-- clubs.city_key), so that "Qingdao" and "ＱＩＮＧＤＡＯ" count as one. A
-- fan holds a few at most (people.MaxClubRequests); the rows of a city go
-- when its club is founded, in the same transaction, its askers told.
CREATE TABLE club_requests (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    city_key   TEXT    NOT NULL,
    city       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, city_key)
);
CREATE INDEX club_requests_city ON club_requests(city_key);
