-- An upload is served only to whoever may see what it belongs to (an
-- idea's photo, a challenge's cover: Store.UploadOwner), so that a hidden
-- idea's photos are pulled with it; these find the owner by the file.
CREATE INDEX idea_images_file ON idea_images(file);
CREATE INDEX challenges_cover ON challenges(cover);
