import vinr

vinr.Customer.create(email="jenny@example.com", idempotency_key="key_7Qm2")

try:
    vinr.Customer.create(email="jenny.rosen@example.com", idempotency_key="key_7Qm2")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
