// An image reference's names: the one a node lists it by, the repository and digest its image ID
// gives. Pure functions of the reference (the kubelet's image manager is controller/images.ts).
import { hash } from './crypto.js';

/** `nginx:1.25` → `docker.io/library/nginx:1.25`: the name a node lists an image by. */
export function fullImageName(image: string): string {
  const first = image.split('/')[0];
  const hosted = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const named = hosted ? image : `docker.io/${image.includes('/') ? image : `library/${image}`}`;
  return /:[^/]*$/.test(named.split('@')[0]) || named.includes('@') ? named : `${named}:latest`;
}

/** `nginx:1.25` → `docker.io/library/nginx`: the repository an image ID names (no tag). */
function imageRepo(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return repo.includes('/') ? repo : `docker.io/library/${repo}`;
}

/**
 * A container status's imageID, `docker.io/library/nginx@sha256:…`: the repository and the image's
 * digest, as a registry would give it: a function of the image alone, so every pod running an image
 * shows the same ID (a reference pinned by digest shows its own). Memoized: a list of 100,000 pods
 * has a few images.
 */
export function imageID(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    const at = image.indexOf('@sha256:');
    const digest = at >= 0 ? image.slice(at + '@sha256:'.length) : hash('sha256', `image/${fullImageName(image)}`, 'hex');
    id = `${imageRepo(image)}@sha256:${digest}`;
    if (imageIDs.size >= 1000) imageIDs.clear(); // a long-lived process (serve, a shell) stays bounded
    imageIDs.set(image, id);
  }
  return id;
}
const imageIDs = new Map<string, string>();
