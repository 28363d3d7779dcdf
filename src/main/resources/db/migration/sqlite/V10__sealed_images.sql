-- Images are encrypted at rest (AES-256-GCM, a per-image data key wrapped under a key derived from the
-- master key). Images stored before this have sealed = 0 until the start-up conversion encrypts
-- them; the partial index finds what is left without reading any image.
ALTER TABLE images ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX images_clear ON images (created_at, id) WHERE NOT sealed;
