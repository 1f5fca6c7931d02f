import vinr

vinr.Customer.modify("cust_8aZ2", email="jenny.rosen@example.com", idempotency_key="key_7Qm2")

try:
    vinr.Customer.modify("cust_8aZ2", email="jenny@example.org", idempotency_key="key_7Qm2")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
