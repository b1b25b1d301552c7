package drcn.runtime.image;

import drcn.runtime.UserException;

/**
 * A problem with an image file that the user can fix: missing file, not an image, truncated or
 * corrupt data, an image over the pixel limit. The message is one sentence that names the file.
 */
public class ImageException extends UserException {
    public ImageException(String message) { super(message); }

    public ImageException(String message, Throwable cause) { super(message, cause); }
}
