"""The Python snippets of the API reference, written as a user of the reference would, against a
running Deployment Manager. Usage: reference_snippets.py API_ROOT TOKEN PREFIX. Prints one JSON
object with what each call answered; the test asserts on it."""
import json
import sys

import requests

api_root, token, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
headers = {'Token': token}

# Set up Deployment Manager
url = api_root + '/setup'
out['setup'] = requests.get(url, headers=headers).json()

url = api_root + '/setup/status'
out['status'] = requests.get(url, headers=headers).json()

# Create base configs (text); the reference sends json.dumps(data)
deployment = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {prefix}-core
  namespace: instabase
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {prefix}-core
  template:
    metadata:
      labels:
        app: {prefix}-core
    spec:
      containers:
      - name: core
        image: gcr.io/instabase-public/core:1.0
"""
url = api_root + '/base_configs'
data = dict(
    release_version = "21.0.12",
    base_config = deployment,
)
headers = {
    'Token': token,
    'Content-type': 'application/json',
}
out['base_configs'] = requests.post(url, headers=headers, data=json.dumps(data)).json()
headers = {'Token': token}

url = api_root + '/base_configs/versions'
out['versions'] = requests.get(url, headers=headers).json()

object_name = prefix + '-core'
url = api_root + '/base_configs/' + object_name + '/versions'
out['object_versions'] = requests.get(url, headers=headers).json()

# Apply patch (string)
url = api_root + '/patches/apply'
data = dict(
    patch = f"# target: {object_name}\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n",
    description = "This patch updates the number of replicas for the given service",
)
headers = {
    'Token': token,
    'Content-Type': 'application/x-www-form-urlencoded',
}
out['apply'] = requests.post(url, headers=headers, data=data).json()

# Apply patch (file)
with open(sys.argv[4], 'w') as f:
    f.write(f"# target: {object_name}\nkind: Deployment\nmetadata:\n  annotations:\n    owner: team-a\n")
files = [('file', ('patch.yml', open(sys.argv[4], 'rb'), 'application/octet-stream'))]
data = {"description": "..."}
headers = {'Token': token}
out['apply_file'] = requests.post(url, headers=headers, files=files, data=data).json()

url = api_root + '/patches'
out['patches'] = requests.get(url, headers=headers).json()

url = api_root + '/patches/' + object_name
out['object_patches'] = requests.get(url, headers=headers).json()

url = api_root + '/configs/' + object_name
out['config'] = requests.get(url, headers=headers).json()

url = api_root + '/configs'
out['configs_count'] = len(requests.get(url, headers=headers).json()['configs'])

# Resource labels
url = api_root + '/resource_labels/binding'
data = ("label=database"
        "&label=grpc"
        f"&object_name={object_name}")
headers = {
    'Token': token,
    'content-type': 'application/x-www-form-urlencoded'
}
out['binding'] = requests.post(url, headers=headers, data=data).json()
headers = {'Token': token}

label = 'grpc'
url = api_root + '/resource_labels/objects/' + label
out['label_objects'] = requests.get(url, headers=headers).json()

url = api_root + '/resource_labels/labels/' + object_name
out['object_labels'] = requests.get(url, headers=headers).json()

url = api_root + '/resource_labels'
out['labels'] = requests.post(url, headers=headers, data=json.dumps(data)).json()

url = api_root + '/resource_labels/binding/' + object_name
out['delete_binding_status'] = requests.delete(url, headers=headers).status_code

url = api_root + '/resource_labels/update-defaults'
out['update_defaults_status'] = requests.post(url, headers=headers).status_code

# Namespace and registry (request body is json.dumps(data), no content type)
url = api_root + '/patches/namespace'
data = dict(
    namespace = prefix + "-ns",
    description = "The namespace for the new cluster.",
)
out['namespace'] = requests.post(url, headers=headers, data=json.dumps(data)).json()

url = api_root + '/patches/registry'
data = dict(
    registry = "registry.example.com/mirror",
)
out['registry'] = requests.post(url, headers=headers, data=json.dumps(data)).json()
out['config_after_transforms'] = requests.get(api_root + '/configs/' + object_name, headers=headers).json()

# Delete patch: the newest (the registry transform), then the namespace one
versions = [p['version'] for p in requests.get(api_root + '/patches', headers=headers).json()['data']['patches']]
url = api_root + '/patches/' + str(versions[-1])
out['delete'] = requests.delete(url, headers=headers).json()
out['config_after_delete'] = requests.get(api_root + '/configs/' + object_name, headers=headers).json()

# Database
url = api_root + '/database/connection'
out['connection_status'] = requests.get(url, headers=headers).status_code
url = api_root + '/database/mock_ddl'
data = dict(
    create_admin_account = "true",
    admin_email = "admin@email.com",
    admin_username = "admin",
    enable_control_plane = "false",
    enable_key_service = "false",
    enable_models = "false",
)
out['mock_ddl'] = len(requests.post(url, headers=headers, data=json.dumps(data)).json()['ddls'])

print(json.dumps(out))
