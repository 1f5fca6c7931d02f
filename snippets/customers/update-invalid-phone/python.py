import vinr

try:
    vinr.Customer.modify("cust_8aZ2", phone="415-555-2671")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
